import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import AuthForm from '../../../src/lib/components/AuthForm.svelte';

const props = {
	title: 'Sign in to Tidings',
	intro: 'Your feeds',
	submitLabel: 'Sign in',
	endpoint: '/auth/login',
	onSession: () => undefined
};

const usernameField = () => screen.getByLabelText('Username') as HTMLInputElement;

describe('the sign-in form', () => {
	it('fills in the name of a session that ended, also when it becomes known after the page loaded', async () => {
		const { rerender } = render(AuthForm, { props });
		expect(usernameField().value).toBe('');
		await rerender({ ...props, username: 'bob' });
		expect(usernameField().value).toBe('bob');
	});

	it('keeps the name the person typed when the ended session becomes known meanwhile (the session-ended flake)', async () => {
		const { rerender } = render(AuthForm, { props });
		await fireEvent.input(usernameField(), { target: { value: 'admin' } });
		await rerender({ ...props, username: 'bob' });
		expect(usernameField().value).toBe('admin');
	});

	it('leaves the field alone once the person is in it, before their first key', async () => {
		const { rerender } = render(AuthForm, { props });
		await fireEvent.focus(usernameField());
		await rerender({ ...props, username: 'bob' });
		expect(usernameField().value).toBe('');
	});
});
