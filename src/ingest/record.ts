// The record moved to usage/ (the base every layer reads); the format adapters still import it from here until
// their own branch is merged, after which this file goes.
export { emptyRecord, type UsageRecord } from '../usage/record.js';
export { promptTokens } from '../usage/tokens.js';
