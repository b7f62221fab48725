/** The accounts feature's public API: sign-in for passport, the hasher, account creation (CLI, seeds, tests), admin-home counts. */
export { createPasswordHasher, type PasswordHasher } from './passwords/hasher.ts';
export { changeOwnPassword } from './passwords/service.ts';
export { loadActiveUser, loginKey, signIn, unknownUsernameLabel, type SignInResult } from './sign-in/service.ts';
export { safeNext } from './sign-in/schemas.ts';
export {
  countLockedUsers,
  createUser,
  createUserInScope,
  getUser,
  getUserInScope,
  listUsers,
  resetPassword,
  setUserActive,
  unlockUser,
  usersPerRegion,
  type NewUser,
  type UserRow,
  type UserWithRegion,
} from './users/service.ts';
