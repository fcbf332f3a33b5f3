//! Image-only scans: PP-OCRv6 on rten (the `ocr` feature).

use super::bitmap::PageImage;
use super::{RasterOptions, Scan};
use crate::error::Error;
use crate::pdf::Document;

/// Reads image-only pages with OCR.
pub fn read_image_only(
    _doc: Document,
    _images: Vec<Option<PageImage>>,
    _opts: &RasterOptions,
    err: Error,
) -> Result<(Document, Option<Scan>), Error> {
    Err(err)
}
