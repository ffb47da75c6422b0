"""Full-text search over stories: a Whoosh index with jieba words and character n-grams.

The UI and CLI use only ``engine.SearchEngine`` (build, update, search, close), so the
Whoosh implementation can be replaced by a server engine for archives larger than one
machine without touching them.
"""
