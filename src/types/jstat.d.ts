// The few jStat functions this project uses (jstat ships no types).
declare module 'jstat' {
  interface StudentT {
    cdf(x: number, dof: number): number;
    inv(p: number, dof: number): number;
  }
  interface JStat {
    studentt: StudentT;
  }
  const jstat: { jStat: JStat };
  export default jstat;
}
