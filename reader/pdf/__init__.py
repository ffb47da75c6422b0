"""Pages read straight from e-paper PDFs: geometry and type sizes instead of plain text."""

from reader.pdf.document import MAX_PDF_BYTES, PdfFileError, page_source, pdf_text, read_pdf

__all__ = ["MAX_PDF_BYTES", "PdfFileError", "page_source", "pdf_text", "read_pdf"]
