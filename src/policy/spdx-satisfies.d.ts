// spdx-satisfies v6 ships no types. It throws on a string that is not an SPDX expression.
declare module 'spdx-satisfies' {
  function satisfies(expression: string, allowed: string[]): boolean;
  export = satisfies;
}
