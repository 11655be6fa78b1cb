//! QR codes as SVG documents: a client's link, an authenticator app's key.

use qrcode::QrCode;
use qrcode::render::svg;

pub fn svg(text: &str) -> anyhow::Result<String> {
    let qr = QrCode::new(text.as_bytes())?;
    Ok(qr
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build())
}
