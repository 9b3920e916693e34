import { collectRoute } from '../../../../lib/collect.js';

export const POST = collectRoute('unipesa', () => '/api/webhooks/unipesa');
