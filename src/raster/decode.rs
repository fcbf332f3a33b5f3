//! The page image, decoded by hayro: the largest raster image painted on a
//! page, as grey samples with its pixel → page map.

use super::bitmap::{Affine, Gray, PageImage};
use crate::error::Error;
use crate::pdf::open::open;
use hayro_interpret::font::GlyphRun;
use hayro_interpret::kurbo::{self, Affine as KAffine, BezPath};
use hayro_interpret::{
    BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image, ImageData, ImageDrawProps,
    InterpreterCache, InterpreterSettings, SoftMask, TransformExt, interpret_page,
};
use hayro_syntax::Pdf;

/// Keeps the image that covers most of the page.
struct ImageGrabber {
    best: Option<(f64, PageImage)>,
}

/// Grey from RGB with the Rec. 601 weights. Grey samples are taken as they
/// are: a copy of a 300 dpi page is some 9 MB of fresh memory to fault in.
fn luma(data: ImageData) -> Gray {
    match data {
        ImageData::Luma(l) => Gray {
            width: l.width as usize,
            height: l.height as usize,
            data: l.data,
        },
        ImageData::Rgb(c) => Gray {
            width: c.width as usize,
            height: c.height as usize,
            data: c
                .data
                .chunks_exact(3)
                .map(|p| {
                    let v = 299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2]);
                    (v / 1000) as u8
                })
                .collect(),
        },
    }
}

impl<'a> Device<'a> for ImageGrabber {
    fn draw_path(&mut self, _: &BezPath, _: DrawProps<'a>, _: &DrawMode) {}
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_glyph_run(&mut self, _: &GlyphRun<'_, 'a>, _: DrawProps<'a>, _: &DrawMode) {}
    fn draw_image(&mut self, image: Image<'a, '_>, props: ImageDrawProps<'a>) {
        let Image::Raster(raster) = image else {
            return;
        };
        let (w, h) = (f64::from(raster.width()), f64::from(raster.height()));
        let t: KAffine = props.transform;
        let area = t.determinant().abs() * w * h;
        if self.best.as_ref().is_some_and(|(a, _)| *a >= area) {
            return;
        }
        let mut got: Option<PageImage> = None;
        raster.with_rgba(
            |data, _alpha| {
                let gray = luma(data);
                if gray.width == 0 || gray.height == 0 {
                    return;
                }
                // Decoded size may differ from the stored one (a reduced
                // decode, or wrong metadata): scale back to the stored grid.
                let (sx, sy) = (w / gray.width as f64, h / gray.height as f64);
                let m = t * KAffine::scale_non_uniform(sx, sy);
                got = Some(PageImage {
                    gray,
                    to_page: Affine(m.as_coeffs()),
                });
            },
            None,
        );
        if let Some(img) = got {
            self.best = Some((area, img));
        }
    }
    fn pop_clip(&mut self) {}
    fn pop_transparency_group(&mut self) {}
}

/// Reads page images from one opened document. Kept for the whole document
/// so that the file is opened (copied, its password checked) and its fonts
/// loaded once, not once per scanned page.
pub struct PageImages<'a> {
    pdf: &'a Pdf,
    cache: InterpreterCache<'a>,
    settings: InterpreterSettings,
}

impl<'a> PageImages<'a> {
    /// A reader over `pdf` (opened with [`open`]).
    pub fn new(pdf: &'a Pdf) -> Self {
        PageImages {
            pdf,
            cache: InterpreterCache::new(),
            settings: InterpreterSettings::default(),
        }
    }

    /// The largest image on page `n` (1-based), if it has one.
    pub fn image(&self, n: usize) -> Option<PageImage> {
        let pages = self.pdf.pages();
        let page = n.checked_sub(1).and_then(|i| pages.get(i))?;
        let (w, h) = page.render_dimensions();
        let mut ctx = Context::new(
            page.initial_transform(true).to_kurbo(),
            kurbo::Rect::new(0.0, 0.0, f64::from(w), f64::from(h)),
            &self.cache,
            self.pdf.xref(),
            self.settings.clone(),
        );
        let mut grab = ImageGrabber { best: None };
        interpret_page(page, &mut ctx, &mut grab);
        grab.best.map(|(_, img)| img)
    }
}

/// The largest image on each asked page (1-based numbers), in the order asked.
pub fn page_images(
    bytes: &[u8],
    password: Option<&str>,
    numbers: &[usize],
) -> Result<Vec<Option<PageImage>>, Error> {
    let pdf = open(bytes, password)?;
    let reader = PageImages::new(&pdf);
    Ok(numbers.iter().map(|&n| reader.image(n)).collect())
}
