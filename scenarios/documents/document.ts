/** What a document's reproduction is made of: its experiments (bench runs) and its tables as data. */
import type { DocumentName } from './names.js';

/** How a reproduction was asked to run. */
export interface ReproduceSettings {
  readonly quick: boolean;
  /** `--time-scale` for document 002; undefined means its plan's default. */
  readonly timeScale: number | undefined;
  /** Cores this process may use: a ProcessPoolExecutor's default size. */
  readonly cores: number;
  /** A folder for inputs a plan prepares (copied photos, a broken image); removed afterwards. */
  readonly workDir: string;
  /** Where generated photos are cached. */
  readonly cacheDir: string;
}

/** One bench run of a reproduction: a scenario, its strategies and sweep, and the rows kept. */
export interface Experiment {
  readonly id: string;
  readonly scenario: string;
  readonly strategies: readonly string[];
  readonly workers: readonly number[];
  readonly concurrency?: readonly number[];
  readonly items?: readonly number[];
  readonly chunkSizes?: readonly number[];
  /** Scenario flags, one value each. */
  readonly params?: Readonly<Record<string, string>>;
  /** Scenario flags swept, one row per value. */
  readonly paramSweeps?: Readonly<Record<string, readonly string[]>>;
  /** The rows kept, by key; undefined keeps the whole sweep. */
  readonly rowKeys?: readonly string[];
  readonly input?: string;
  readonly incremental?: boolean;
  /** Outputs kept between runs (incremental) live here instead of the photo cache. */
  readonly cacheDir?: string;
  /** This experiment's own rounds, where the defaults do not suit it. */
  readonly rounds?: { readonly iterations: number; readonly warmup: number };
  /** True when `--iterations` and `--warmup` must not change `rounds` (an incremental run's fresh first round). */
  readonly fixedRounds?: boolean;
  /** Prepares inputs before the run (copies photos, touches a tenth of them). */
  before?(): Promise<void>;
}

/** A figure as the article printed it: its value where it has one, and its text ("<1.0 s", "~25%"). */
export interface ArticleFigure {
  readonly value: number | null;
  readonly text: string;
}

/** The quantities a table compares, each in one unit: seconds, times (x) or percent. */
export type Metric = 'real' | 'user' | 'sys' | 'work' | 'speedup' | 'cpuUtil' | 'coresBusy';

/** Where an article row's Node counterpart is measured: an experiment's row, at one size. */
export interface Counterpart {
  readonly experiment: string;
  readonly rowKey: string;
  /** The scenario size to read; undefined takes the largest measured. */
  readonly items?: number;
  /** Why this row is the counterpart, in the mapping's terms. */
  readonly mapping: string;
}

/** One row of an article's table, with its figures and parabench's counterpart. */
export interface ArticleRow {
  readonly label: string;
  readonly figures: Readonly<Partial<Record<Metric, ArticleFigure>>>;
  readonly counterpart: Counterpart;
}

/** One table of an article as data. */
export interface ArticleTable {
  readonly id: string;
  readonly title: string;
  /** The article's own tables (or sentences) whose figures this table carries. */
  readonly articleTables: readonly string[];
  readonly metrics: readonly Metric[];
  readonly rows: readonly ArticleRow[];
  /** The row whose real time speedups are relative to (the article's baseline). */
  readonly baselineRowKey?: string;
  /**
   * Article seconds are multiplied by this before comparing (document 002's time scale): the
   * table then shows the scaled figure and each row's deviation from it.
   */
  readonly scale?: number;
  /** Lines under the table: where the article's figures come from, what differs. */
  readonly footnotes?: readonly string[];
}

/**
 * One document's reproduction as data: what to run, the article's tables with the Node row each
 * of their rows maps to, and how Python's terms map to Node's. How its results are read into
 * sections and explanations is harness/reproduce/readings/.
 */
export interface DocumentPlan {
  readonly name: DocumentName;
  readonly file: string;
  /** The article's hardware as it states it (or that it does not). */
  readonly articleHardware: string;
  /** How Python's terms map to Node's for this document. */
  readonly mapping: readonly string[];
  readonly experiments: readonly Experiment[];
  /** Article tables, with the time scale or sizes this reproduction used already applied. */
  readonly tables: readonly ArticleTable[];
  /** Settings the report states (time scale, CPU model, items). */
  readonly facts: Readonly<Record<string, string | number>>;
}
