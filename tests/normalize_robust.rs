//! No input may panic: deterministic pseudo-random strings over the characters
//! the readers care about, through every public entry point.

use shinchoku::normalize::{
    Context, RecordCells, events, find_counts, find_dates, find_period, normalize_record,
    parse_period, parse_period_in, plan_pages,
};

const ALPHABET: &[&str] = &[
    "令和",
    "平成",
    "昭和",
    "R",
    "H",
    "令",
    "元",
    "年",
    "度",
    "月",
    "日",
    "上旬",
    "下旬",
    "～",
    "〜",
    "ー",
    "-",
    "−",
    "から",
    "まで",
    "(",
    ")",
    "（",
    "）",
    "祝",
    "休",
    "土",
    "・",
    "、",
    "/",
    ".",
    "0",
    "1",
    "2",
    "3",
    "9",
    "12",
    "31",
    "２",
    "〇",
    "一",
    "二",
    "十",
    "百",
    "廿",
    "万",
    "名",
    "人",
    "事業所",
    "回",
    "組",
    "参加者",
    "申込者",
    "なし",
    "うち",
    "約",
    "延べ",
    "以上",
    "程度",
    "①",
    "②",
    "⑴",
    "㋿",
    "㍻",
    "㈯",
    "㏩",
    "ﾌ",
    "ﾟ",
    "P",
    "P.",
    "頁",
    "ページ",
    "開催",
    "開 催",
    "中止",
    "実施",
    "同日",
    "毎月第",
    "曜日",
    " ",
    "\n",
    "　",
    "第",
    "合わせて",
    "保護者",
    "定員",
    "実人数",
    ",",
    "99",
    "2022",
];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }
}

#[test]
fn random_inputs_do_not_panic() {
    let mut rng = Lcg(42);
    let ctxs = [
        Context::new(),
        Context::new().with_fiscal_year(2022),
        Context::new().with_period(parse_period("R4年10月～R5年2月").expect("period")),
    ];
    for n in 0..3000 {
        let len = 1 + rng.next() % 12;
        let s: String = (0..len)
            .map(|_| ALPHABET[rng.next() % ALPHABET.len()])
            .collect();
        let ctx = &ctxs[n % ctxs.len()];
        let _ = find_dates(&s, ctx);
        let _ = find_counts(&s);
        let _ = plan_pages(&s);
        let _ = events(&s, ctx);
        let _ = find_period(&s);
        let _ = parse_period_in(&s, ctx);
        let cells = RecordCells {
            status: &s,
            evaluation: &s,
            pages: &s,
            ..RecordCells::default()
        };
        let _ = normalize_record(&cells, ctx);
    }
}

#[test]
fn extreme_numbers_do_not_panic() {
    let ctx = Context::new().with_fiscal_year(2022);
    for s in [
        "令和99999999999999999999年1月1日",
        "99999999999999999999999名",
        "P99999999999999999999～1",
        "P1～4294967295",
        "平成0年1月1日",
        "令和4年13月1日",
        "令和4年12月32日",
        "9999年12月31日",
        "1000年1月1日",
        "十万億名",
        "毎月第九十九月曜日",
    ] {
        let _ = find_dates(s, &ctx);
        let _ = find_counts(s);
        let _ = plan_pages(s);
        let _ = events(s, &ctx);
    }
}
