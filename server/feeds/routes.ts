import { Router } from 'express';
import type { AppDeps } from '../deps';

export function feedsRoutes(_deps: AppDeps): Router {
	return Router();
}
