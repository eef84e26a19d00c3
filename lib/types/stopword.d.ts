// stopword ships no types; we use only two of its word lists.
declare module 'stopword' {
  export const eng: string[];
  export const fra: string[];
}
