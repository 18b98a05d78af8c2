/**
 * The metrics each CVSS version defines, with their allowed values, for validating vector strings before
 * scoring them: the scoring library accepts unknown values, repeated metrics and missing base metrics
 * without complaint and scores them as something, which would turn a typo into a confident number.
 *
 * Sources: CVSS v2 guide §2.4 Table 13 (first.org/cvss/v2/guide); CVSS v3.0 and v3.1 specification §6
 * Table 15; CVSS v4.0 specification §7 Table 23 (first.org/cvss/v4.0/specification-document).
 */
export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';

export interface MetricSet {
  /** Metrics every vector must carry (the Base metrics); `X` (Not Defined) is not a value of any of them. */
  required: Readonly<Record<string, readonly string[]>>;
  /** Temporal/Threat, Environmental and Supplemental metrics, which may be left out. */
  optional: Readonly<Record<string, readonly string[]>>;
}

const cia3 = ['H', 'L', 'N'];
const requirement3 = ['X', 'H', 'M', 'L'];

const cvss3: MetricSet = {
  required: {
    AV: ['N', 'A', 'L', 'P'],
    AC: ['L', 'H'],
    PR: ['N', 'L', 'H'],
    UI: ['N', 'R'],
    S: ['U', 'C'],
    C: cia3,
    I: cia3,
    A: cia3,
  },
  optional: {
    E: ['X', 'H', 'F', 'P', 'U'],
    RL: ['X', 'U', 'W', 'T', 'O'],
    RC: ['X', 'C', 'R', 'U'],
    CR: requirement3,
    IR: requirement3,
    AR: requirement3,
    MAV: ['X', 'N', 'A', 'L', 'P'],
    MAC: ['X', 'L', 'H'],
    MPR: ['X', 'N', 'L', 'H'],
    MUI: ['X', 'N', 'R'],
    MS: ['X', 'U', 'C'],
    MC: ['X', ...cia3],
    MI: ['X', ...cia3],
    MA: ['X', ...cia3],
  },
};

const requirement2 = ['L', 'M', 'H', 'ND'];

export const cvssMetrics: Readonly<Record<CvssVersion, MetricSet>> = {
  '2.0': {
    required: {
      AV: ['L', 'A', 'N'],
      AC: ['H', 'M', 'L'],
      Au: ['M', 'S', 'N'],
      C: ['N', 'P', 'C'],
      I: ['N', 'P', 'C'],
      A: ['N', 'P', 'C'],
    },
    optional: {
      E: ['U', 'POC', 'F', 'H', 'ND'],
      RL: ['OF', 'TF', 'W', 'U', 'ND'],
      RC: ['UC', 'UR', 'C', 'ND'],
      CDP: ['N', 'L', 'LM', 'MH', 'H', 'ND'],
      TD: ['N', 'L', 'M', 'H', 'ND'],
      CR: requirement2,
      IR: requirement2,
      AR: requirement2,
    },
  },
  '3.0': cvss3,
  '3.1': cvss3,
  '4.0': {
    required: {
      AV: ['N', 'A', 'L', 'P'],
      AC: ['L', 'H'],
      AT: ['N', 'P'],
      PR: ['N', 'L', 'H'],
      UI: ['N', 'P', 'A'],
      VC: cia3,
      VI: cia3,
      VA: cia3,
      SC: cia3,
      SI: cia3,
      SA: cia3,
    },
    optional: {
      E: ['X', 'A', 'P', 'U'],
      CR: requirement3,
      IR: requirement3,
      AR: requirement3,
      MAV: ['X', 'N', 'A', 'L', 'P'],
      MAC: ['X', 'L', 'H'],
      MAT: ['X', 'N', 'P'],
      MPR: ['X', 'N', 'L', 'H'],
      MUI: ['X', 'N', 'P', 'A'],
      MVC: ['X', ...cia3],
      MVI: ['X', ...cia3],
      MVA: ['X', ...cia3],
      MSC: ['X', ...cia3],
      // Safety (S) exists only for the modified subsequent-system integrity and availability.
      MSI: ['X', 'S', ...cia3],
      MSA: ['X', 'S', ...cia3],
      S: ['X', 'N', 'P'],
      AU: ['X', 'N', 'Y'],
      R: ['X', 'A', 'U', 'I'],
      V: ['X', 'D', 'C'],
      RE: ['X', 'L', 'M', 'H'],
      U: ['X', 'Clear', 'Green', 'Amber', 'Red'],
    },
  },
};
