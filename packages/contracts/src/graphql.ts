import { registerEnumType } from 'type-graphql';
import { CardBrand } from './payment-method.js';

// Registered here, once, so every subgraph that exposes CardBrand declares the identical enum and
// composition keeps accepting it as one type.
registerEnumType(CardBrand, { name: 'CardBrand', description: 'Brand of a saved card.' });

export { CardBrand };
