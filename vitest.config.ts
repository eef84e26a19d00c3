import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'lib/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['fake-indexeddb/auto', 'tests/unit/i18n-setup.ts'],
    globalSetup: ['tests/unit/global-setup.ts'],
    testTimeout: 30_000,
  },
});
