//! The decision a row or a sheet expresses (CONTRACT.md `decision`): the
//! value, the printed word(s) chosen and how they were chosen.

use serde::{Deserialize, Serialize};

/// The decision a row's mark expresses (CONTRACT.md `decision.value`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionValue {
    /// 終了, 廃止 ….
    End,
    /// 継続+同じ, or 同じ / 現状維持 … alone.
    ContinueSame,
    /// 継続+変更, or 変更 / 拡充 / 縮小 … alone.
    ContinueChange,
    /// 継続 alone.
    Continue,
    /// No mark found, or a word outside the vocabulary.
    Unmarked,
    /// Marks that contradict each other.
    Ambiguous,
}

/// How the chosen word was marked (CONTRACT.md `decision.mark_kind`): a
/// consumer that doubts a reading knows what to look at on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionMarkKind {
    /// A drawn oval or loop (Bézier, polygon or freehand) around the word.
    Oval,
    /// A ○/◯ glyph printed over the word.
    GlyphRing,
    /// A filled box or check (■ ☑ ☒ ✓ ● ◉) printed before the word, among
    /// empty ones (□ ☐ ○).
    Checkbox,
    /// A ○ in the word's own column (終了 | 継続 | 同じ | 変更).
    Column,
    /// The word typed in the cell, with no choice list.
    Text,
    /// A pen loop found in a scanned page's pixels.
    Pen,
}

/// Every `decision.value` as written in JSON, in the contract's order.
pub const DECISION_CODES: [&str; 6] = [
    "end",
    "continue_same",
    "continue_change",
    "continue",
    "unmarked",
    "ambiguous",
];

/// A row's decision (CONTRACT.md `decision`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// The value.
    pub value: DecisionValue,
    /// The chosen vocabulary words in reading order.
    pub marked: Vec<String>,
    /// The printed word(s) chosen, as a person would quote them:
    /// 「継続（同じ）」, 「拡充」, or a typed word outside the vocabulary.
    /// None when nothing was chosen.
    #[serde(default)]
    pub label: Option<String>,
    /// How the choice was marked; None when nothing was chosen.
    #[serde(default)]
    pub mark_kind: Option<DecisionMarkKind>,
    /// 0..1: how sure the reading is; what lowers it is written once, on
    /// [`crate::output::RecordDecision`].
    pub confidence: f64,
    /// Why the value is unmarked or ambiguous, for the report's warning.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub note: Option<String>,
}
