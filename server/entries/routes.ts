import { Router } from 'express';
import type { AppDeps } from '../deps';

export function entriesRoutes(_deps: AppDeps): Router {
	return Router();
}
