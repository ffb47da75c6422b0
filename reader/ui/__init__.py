"""The Qt front end: a thin layer over ``reader.app.ReaderCore``."""
