export const CHECKOUT_SPAN = 'checkout.submit';
