// Unipesa's signed callbacks: verified, handed to onCallback once (lib/payrail.js).
import { payrail } from '../../../../lib/payrail.js';

export const POST = (request) => payrail().unipesaWebhook(request);
