import type { WhoAmIView } from './api/types';

/** Whether a role may use the operator's buttons (the API checks again; this only hides what would fail). */
export const canOperate = (me: WhoAmIView) => me.role === 'operator' || me.role === 'admin';
