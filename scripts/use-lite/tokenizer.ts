/**
 * tokenizer.json and tokenizer_config.json for transformers.js, from the
 * package's SentencePiece vocabulary (pieces and log-probabilities, in id order).
 *
 * What USE Lite's own tokenizer does, and how it is expressed here:
 * - NFKC, then "▁" before the text and in place of every space: normalizers
 *   NFKC, Prepend and Replace, and no pre-tokenizer (so the whole text is one
 *   lattice, as in SentencePiece; no piece holds an inner "▁", so this is the
 *   same as splitting at words).
 * - Unigram Viterbi over the pieces; a character no piece covers becomes id 0,
 *   and runs of them one id 0 (transformers.js fuses unknowns for Unigram).
 * - Ids 1-5 (`<s>`, `</s>`, `extra_token_id_1..3`) are control symbols that text
 *   never produces. Their names get a space, which normalised text never holds,
 *   so the lattice can never match them (SentencePiece keeps control symbols out
 *   of matching the same way). Id 2 pads: the attention mask hides it.
 * - No special tokens around the text, and at most 128 tokens (the graph's
 *   `ClipToMaxLength`).
 */

/** Ids 1..5 of the vocabulary are control symbols. */
export const CONTROL_IDS = [1, 2, 3, 4, 5];
export const UNK_ID = 0;

const controlName = (piece: string) => `${piece} (control)`;

export function tokenizerFiles(vocab: [string, number][], maxLength: number): { tokenizer: object; config: object } {
  const pieces = vocab.map(([piece, score], id): [string, number] => [CONTROL_IDS.includes(id) ? controlName(piece) : piece, score]);
  const pad = pieces[2]![0];
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [],
    normalizer: {
      type: 'Sequence',
      normalizers: [{ type: 'NFKC' }, { type: 'Prepend', prepend: '▁' }, { type: 'Replace', pattern: { String: ' ' }, content: '▁' }],
    },
    pre_tokenizer: null,
    post_processor: null,
    decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: false },
    model: { type: 'Unigram', unk_id: UNK_ID, vocab: pieces, byte_fallback: false },
  };
  const config = {
    tokenizer_class: 'PreTrainedTokenizer',
    model_max_length: maxLength,
    pad_token: pad,
    unk_token: pieces[UNK_ID]![0],
    padding_side: 'right',
    clean_up_tokenization_spaces: false,
  };
  return { tokenizer, config };
}
