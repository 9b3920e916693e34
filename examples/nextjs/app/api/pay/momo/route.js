import { collectRoute } from '../../../../lib/collect.js';

export const POST = collectRoute('momo', (reference) => `/api/webhooks/momo/${reference}`);
