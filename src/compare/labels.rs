//! Words for people, shared by the Markdown and CSV renderings. The JSON keeps
//! the contract's codes; these tables are only for display.

/// A decision code in the words printed on the form.
pub fn decision(code: &str) -> &str {
    match code {
        "end" => "終了",
        "continue_same" => "継続・同じ",
        "continue_change" => "継続・変更",
        "continue" => "継続",
        "unmarked" => "記入なし",
        "ambiguous" => "判別不能",
        other => other,
    }
}

/// A text field name as the column header of the form.
pub fn field(name: &str) -> &str {
    match name {
        "purpose" => "目的",
        "method" => "方法",
        "status" => "実施状況",
        "evaluation" => "評価",
        "reason" => "理由",
        other => other,
    }
}

/// A fiscal year as 年度, or the report's position when it has none.
pub fn year(y: Option<i32>, position: usize) -> String {
    match y {
        Some(y) => format!("{y}年度"),
        None => format!("報告{}", position + 1),
    }
}

/// Every report's year label, in the comparison's order.
pub fn years(c: &super::types::Comparison) -> Vec<String> {
    c.reports
        .iter()
        .enumerate()
        .map(|(k, r)| year(r.fiscal_year, k))
        .collect()
}

/// A number or a dash.
pub fn num(n: Option<i64>) -> String {
    n.map_or_else(|| "—".to_string(), |n| n.to_string())
}

/// A signed difference (+3, −2, ±0).
pub fn delta(d: i64) -> String {
    match d {
        0 => "±0".to_string(),
        d if d > 0 => format!("+{d}"),
        d => format!("−{}", d.unsigned_abs()),
    }
}

/// Plan pages as `38, 40`, or a dash when there are none.
pub fn pages(p: &[i64]) -> String {
    if p.is_empty() {
        "—".to_string()
    } else {
        p.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
    }
}
