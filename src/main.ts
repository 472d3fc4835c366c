import 'reflect-metadata';
import { serve } from './cli/serve';

void serve();
