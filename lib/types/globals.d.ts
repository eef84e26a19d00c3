/** True in `npm run build:test` builds (set in wxt.config.ts): allows a local stand-in for the model hub. */
declare const __PC_TEST_BUILD__: boolean;
