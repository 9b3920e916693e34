// MTN MoMo's callbacks (PUT or POST, unsigned): confirmed by a status read of the reference in the URL.
import { payrail } from '../../../../../lib/payrail.js';

export const PUT = (request) => payrail().momoWebhook(request);
export const POST = PUT;
