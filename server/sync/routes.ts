import { Router } from 'express';
import type { AppDeps } from '../deps';

export function syncRoutes(_deps: AppDeps): Router {
	return Router();
}
