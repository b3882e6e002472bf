//! Helpers the integration tests share. Each test binary uses some of them.
#![allow(dead_code)]

/// A small draft convention in AKN 3.0: identification for one expression
/// (date and its name), a title (raw XML, so entities stay as written) and
/// a body of provisions.
pub fn draft_titled(date: &str, date_name: &str, title: &str, body: &str) -> String {
    format!(
        r##"<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <bill name="convention">
    <meta>
      <identification source="#redline">
        <FRBRWork><FRBRthis value="/akn/un/bill/2022/cc/!main"/><FRBRuri value="/akn/un/bill/2022/cc"/></FRBRWork>
        <FRBRExpression>
          <FRBRthis value="/akn/un/bill/2022/cc/eng@{date}/!main"/>
          <FRBRdate date="{date}" name="{date_name}"/>
          <FRBRlanguage language="eng"/>
        </FRBRExpression>
      </identification>
    </meta>
    <preface><p><docTitle>{title}</docTitle></p></preface>
    <body>
{body}
    </body>
  </bill>
</akomaNtoso>
"##
    )
}

/// A temporary folder, removed when dropped.
pub fn temp() -> tempfile::TempDir {
    match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("no temp dir: {e}"),
    }
}
