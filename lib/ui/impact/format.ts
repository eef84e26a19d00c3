import { formatNumber } from '../../i18n/i18n';

/** 3.14159 → "3.1" (or "3,1"); null (no shares to divide by) → "—". */
export const oneDecimal = (n: number | null): string => (n === null ? '—' : formatNumber(Math.round(n * 10) / 10));
