"""How much an upload may cost, and the refusal that says why in Vietnamese."""

from dataclasses import dataclass

from backend.errors import InvalidInput

MB = 1024 * 1024
KINDS = {"docx": "tài liệu Word (.docx)", "odt": "tài liệu OpenDocument (.odt)",
         "pdf": "tài liệu PDF (.pdf)"}
SAVE_AGAIN = "Hãy lưu bài thành .docx, .pdf hoặc .odt rồi tải lên lại."
# Pictures, taken only where the caller asks for them (evidence, not essays).
IMAGE_KINDS = {"jpg": "ảnh JPEG (.jpg)", "png": "ảnh PNG (.png)"}
SAVE_AGAIN_WITH_IMAGES = ("Hãy lưu tệp thành .pdf, .docx, .odt hoặc ảnh .jpg, .png rồi tải lên "
                          "lại.")


@dataclass(frozen=True)
class Limits:
    """Bounds on one upload. Every check stops at the first bound crossed, so a hostile file
    costs at most `max_bytes` read (spooled to disk past 1 MB) and the archive's directory."""

    max_bytes: int = 20 * MB
    # Zip directory (.docx/.odt), read before any entry is unpacked.
    max_entries: int = 1_000
    max_unpacked_bytes: int = 100 * MB
    max_entry_bytes: int = 50 * MB
    max_ratio: int = 100  # unpacked : packed, per entry larger than `ratio_floor`
    ratio_floor: int = 1 * MB  # small entries (XML of a few KB) compress far better than 100:1
    # Small parts read to decide the type ([Content_Types].xml, mimetype, manifest), and all
    # the relationship parts together: a few KB in a real document.
    max_probe_bytes: int = 1 * MB
    # PDF.
    max_pages: int = 500
    # A 500-page essay has some 15,000 objects; each costs pypdf about 35 µs to read.
    max_pdf_objects: int = 50_000
    # Pictures: 100 megapixels is past any phone's camera.
    max_pixels: int = 100_000_000
    # Text extraction.
    max_text_chars: int = 2_000_000


class UploadRejected(InvalidInput):
    """An uploaded file was refused whole; nothing of it was stored."""

    code = "upload_rejected"

    def __init__(self, message: str, *, filename: str, reason: str):
        super().__init__(message, code=self.code, extra={"filename": filename, "reason": reason})
        self.filename = filename
        self.reason = reason


def refused(filename: str, message: str, reason: str) -> UploadRejected:
    """A refusal of what was found inside the file, said after its name."""
    return UploadRejected(f"Tệp “{filename}” bị từ chối: {message}", filename=filename,
                          reason=reason)


def mb(size: int) -> str:
    """Megabytes the Vietnamese way: 20 MB, 20,5 MB."""
    text = f"{size / MB:.1f}".replace(".", ",")
    return text.removesuffix(",0")
