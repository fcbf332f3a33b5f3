//! Words for people in the spreadsheet outputs (workbook, Japanese CSV). The
//! JSON and the archive keep the contract's codes; these are display only.

/// A decision code as the workbook shows it: 終了 / 継続（同じ）/ 継続（変更）/
/// 継続 / 未記入 / 判別不能. Unknown codes pass through, so nothing is hidden.
pub fn decision_ja(code: &str) -> &str {
    match code {
        "end" => "終了",
        "continue_same" => "継続（同じ）",
        "continue_change" => "継続（変更）",
        "continue" => "継続",
        "unmarked" => "未記入",
        "ambiguous" => "判別不能",
        other => other,
    }
}

/// An event action code in the words of the form (開催 / 実施 / 中止).
pub fn action_ja(code: &str) -> &str {
    match code {
        "held" => "開催",
        "implemented" => "実施",
        "cancelled" => "中止",
        other => other,
    }
}

/// An error code explained for the person who has to fix the file.
pub fn error_ja(code: &str) -> &str {
    match code {
        "not_pdf" => "PDFではありません",
        "encrypted" => "パスワードが必要です",
        "damaged" => "壊れたPDFです",
        "no_text_layer" => "文字のない画像だけのPDFです",
        "no_table" => "表が見つかりません",
        "internal" => "shinchoku の内部エラーです",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_decision_code_has_its_japanese_label() {
        assert_eq!(decision_ja("end"), "終了");
        assert_eq!(decision_ja("continue_same"), "継続（同じ）");
        assert_eq!(decision_ja("continue_change"), "継続（変更）");
        assert_eq!(decision_ja("continue"), "継続");
        assert_eq!(decision_ja("unmarked"), "未記入");
        assert_eq!(decision_ja("ambiguous"), "判別不能");
        assert_eq!(decision_ja("something_new"), "something_new");
    }
}
