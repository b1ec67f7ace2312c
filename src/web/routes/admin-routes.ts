import { Router, type Request, type Response } from 'express';
import { randomPassword } from '../../auth/password.js';
import { parseRole } from '../../auth/role.js';
import { listApiTokens, revokeApiToken, revokeUserTokens } from '../../db/repositories/api-tokens.js';
import { listAudit, recordAudit } from '../../db/repositories/audit-log.js';
import type { Store } from '../../db/create-db.js';
import { findUserById, listUsers, setUserDisabled } from '../../db/repositories/users.js';
import { addUser } from '../../services/accounts.js';
import { disableUser } from '../../services/disable-user.js';
import { HttpError } from '../http-error.js';
import { requireRole } from '../auth/require-role.js';
import { pageLocals } from '../page-locals.js';

const field = (req: Request, name: string): string => {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v.slice(0, 300) : '';
};

function userIdParam(req: Request): number {
  const raw = req.params.id;
  if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw)) throw new HttpError('user-not-found', `No user "${String(raw)}".`);
  return Number(raw);
}

/** Admin pages: users (add, disable/enable, revoke tokens) and the audit log. */
export function adminRoutes(store: Store, now: () => Date): Router {
  const router = Router();
  // The access policy already demands admin under /admin; said again here, where it is read.
  router.use(requireRole('admin'));

  const renderUsers = async (req: Request, res: Response, extra: { created?: { name: string; password: string }; error?: string } = {}) => {
    const locals = pageLocals(req, res);
    res.render('admin-users', {
      ...locals, title: locals.t('users'), users: await listUsers(store.db), tokens: await listApiTokens(store.db),
      created: extra.created ?? null, error: extra.error ?? null,
    });
  };

  router.get('/users', async (req, res) => renderUsers(req, res));

  router.post('/users', async (req, res) => {
    const role = parseRole(field(req, 'role'));
    const password = randomPassword();
    const user = await addUser(store.db, { name: field(req, 'name'), role, password, mustChangePassword: true, now: now() });
    await recordAudit(store.db, { actor: req.user!.name, action: 'user-add', target: user.name, detail: { role }, ip: req.ip ?? null, at: now() });
    // The one-time password is shown once, in this response only (no redirect that would need to carry it).
    res.status(201);
    await renderUsers(req, res, { created: { name: user.name, password } });
  });

  const userAction = (action: 'disable' | 'enable' | 'revoke-tokens') =>
    router.post(`/users/:id/${action}`, async (req, res) => {
      const id = userIdParam(req);
      const user = await findUserById(store.db, id);
      if (!user) throw new HttpError('user-not-found', `No user #${id}.`);
      if (action === 'disable' && user.id === req.user!.id) throw new HttpError('cannot-disable-self', 'You cannot disable your own account.');
      if (action === 'disable') {
        await disableUser(store.db, user, { actor: req.user!.name, ip: req.ip ?? null }, now());
        res.redirect(303, '/admin/users');
        return;
      }
      let detail: unknown = null;
      if (action === 'revoke-tokens') detail = { revoked: await revokeUserTokens(store.db, id, now()) };
      else await setUserDisabled(store.db, id, false, now());
      await recordAudit(store.db, { actor: req.user!.name, action: `user-${action}`, target: user.name, detail, ip: req.ip ?? null, at: now() });
      res.redirect(303, '/admin/users');
    });
  userAction('disable');
  userAction('enable');
  userAction('revoke-tokens');

  router.post('/tokens/:id/revoke', async (req, res) => {
    const raw = req.params.id;
    if (!/^\d{1,9}$/.test(raw)) throw new HttpError('token-not-found', `No API token "${raw}".`);
    const token = await revokeApiToken(store.db, Number(raw), now());
    await recordAudit(store.db, { actor: req.user!.name, action: 'token-revoke', target: `token #${token.id} of ${token.user}`, ip: req.ip ?? null, at: now() });
    res.redirect(303, '/admin/users');
  });

  router.get('/audit', async (req, res) => {
    const locals = pageLocals(req, res);
    const action = typeof req.query.action === 'string' && /^[a-z-]{1,40}$/.test(req.query.action) ? req.query.action : undefined;
    res.render('admin-audit', { ...locals, title: locals.t('audit'), events: await listAudit(store.db, { limit: 500, action }), action: action ?? '' });
  });

  return router;
}
