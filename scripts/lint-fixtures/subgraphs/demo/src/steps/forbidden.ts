import { CartService } from '../services/cart.service.js';
import { CartResolver } from '../graphql/cart.resolver.js';
import { reserve } from '@shopgraph/inventory';
