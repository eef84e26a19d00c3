import { ensureUseLite } from '../../scripts/use-lite/convert';

/** Converts the built-in model once, before the test files run in parallel (a no-op when the cached conversion is current). */
export default function setup(): void {
  const { dir, converted } = ensureUseLite();
  if (converted) process.stdout.write(`global setup: converted the built-in model into ${dir}\n`);
}
