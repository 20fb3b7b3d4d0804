/**
 * The little of jStat (CommonJS, no types of its own) that parabench uses: Student's t
 * distribution. The module's export is the jStat object, which also carries itself as `jStat`.
 */
declare module 'jstat' {
  interface StudentT {
    /** P(T <= x) for Student's t with `df` degrees of freedom (df need not be whole). */
    cdf(x: number, df: number): number;
    /** The x with P(T <= x) = p. */
    inv(p: number, df: number): number;
  }
  interface JStat {
    readonly studentt: StudentT;
  }
  const jstat: { readonly jStat: JStat };
  export default jstat;
}
