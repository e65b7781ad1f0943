import { LoginDocument, RegisterDocument } from '@shopgraph/client';
import { type FormEvent, useId, useState } from 'react';
import { useMutation } from 'urql';
import { navigate } from '../router.js';
import { dataOf, signedIn } from '../session.js';
import { Notice, UserErrors, type UserErrorLike, messageOf } from '../ui.js';

type Errors = readonly UserErrorLike[];

/** Sign in or register; a guest's cart moves into the customer's cart either way. */
export function SignInPage({ next }: { next: string }) {
  const [errors, setErrors] = useState<{ login?: Errors; register?: Errors; failure?: string }>({});
  const [, loginMutation] = useMutation(LoginDocument);
  const [, registerMutation] = useMutation(RegisterDocument);
  const ids = { email: useId(), password: useId(), rEmail: useId(), rPassword: useId(), first: useId(), last: useId() };

  const finish = async (session: { accessToken: string; refreshToken: string; email: string }) => {
    const warnings = await signedIn(session);
    navigate(warnings.length ? `/cart` : next.startsWith('/') ? next : '/');
  };
  const guard = (run: (form: FormData) => Promise<void>) => async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    try {
      await run(new FormData(event.currentTarget));
    } catch (e) {
      setErrors({ failure: messageOf(e) });
    }
  };
  const login = guard(async (form) => {
    const email = String(form.get('email'));
    const answer = dataOf(await loginMutation({ input: { email, password: String(form.get('password')) } })).login;
    if (!answer.token || !answer.refreshToken) return setErrors({ login: answer.userErrors });
    await finish({ accessToken: answer.token.accessToken, refreshToken: answer.refreshToken, email });
  });
  const register = guard(async (form) => {
    const input = {
      email: String(form.get('email')),
      password: String(form.get('password')),
      firstName: String(form.get('firstName')),
      lastName: String(form.get('lastName')),
    };
    const answer = dataOf(await registerMutation({ input })).register;
    if (!answer.token || !answer.refreshToken) return setErrors({ register: answer.userErrors });
    await finish({ accessToken: answer.token.accessToken, refreshToken: answer.refreshToken, email: input.email });
  });

  return (
    <div className="two-columns">
      {errors.failure && <Notice>{errors.failure}</Notice>}
      <section aria-labelledby="login-title">
        <h1 id="login-title">Sign in</h1>
        <form onSubmit={login}>
          <div className="field">
            <label htmlFor={ids.email}>Email</label>
            <input id={ids.email} name="email" type="email" autoComplete="email" required />
          </div>
          <div className="field">
            <label htmlFor={ids.password}>Password</label>
            <input id={ids.password} name="password" type="password" autoComplete="current-password" required />
          </div>
          <UserErrors errors={errors.login} />
          <button type="submit" className="primary">
            Sign in
          </button>
        </form>
      </section>
      <section aria-labelledby="register-title">
        <h2 id="register-title">New here? Create an account</h2>
        <form onSubmit={register}>
          <div className="field">
            <label htmlFor={ids.first}>First name</label>
            <input id={ids.first} name="firstName" autoComplete="given-name" required />
          </div>
          <div className="field">
            <label htmlFor={ids.last}>Last name</label>
            <input id={ids.last} name="lastName" autoComplete="family-name" required />
          </div>
          <div className="field">
            <label htmlFor={ids.rEmail}>Email</label>
            <input id={ids.rEmail} name="email" type="email" autoComplete="email" required />
          </div>
          <div className="field">
            <label htmlFor={ids.rPassword}>Password (10+ characters)</label>
            <input id={ids.rPassword} name="password" type="password" autoComplete="new-password" minLength={10} required />
          </div>
          <UserErrors errors={errors.register} />
          <button type="submit">Create account</button>
        </form>
      </section>
    </div>
  );
}
