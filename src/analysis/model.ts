import type { LossSpec, Spelling } from '../engine/catalog/types';
import type { ImportBinding } from './imports';
import type { ArgInfo, Span } from './syntax';

export type { ArgInfo, Span } from './syntax';

/** A place where the code names a catalog loss. */
export interface LossSite {
  id: number;
  /** 'module': a loss class constructed; 'functional': a loss function called; 'string': a name
   *  such as `loss="mse"` in Keras compile or a scikit-learn estimator. */
  kind: Spelling['kind'];
  loss: LossSpec;
  spelling: Spelling;
  /** Canonical fully qualified name the code resolves to. */
  qualifiedName: string;
  /** The callee as written (`nn.CrossEntropyLoss`), or the string literal. */
  calleeSpan: Span;
  /** The whole call (or the string literal). */
  callSpan: Span;
  /** The parenthesised argument list, for completion and inserting options. */
  argsSpan?: Span;
  args: ArgInfo[];
  /** The name the constructed loss is assigned to (`criterion`, `self.criterion`). */
  boundTo?: string;
}

/** A call of a constructed loss object: `criterion(logits, y)`. */
export interface Invocation {
  siteId: number;
  callSpan: Span;
  calleeSpan: Span;
  args: ArgInfo[];
}

/** A loss the user wrote: `def focal_loss(...)` or `class DiceLoss(nn.Module)`. */
export interface UserLoss {
  kind: 'function' | 'class';
  name: string;
  nameSpan: Span;
  definitionSpan: Span;
  parameters: string[];
}

export interface TextEdit {
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

export type RuleId =
  | 'softmax-before-cross-entropy'
  | 'sigmoid-before-bce-with-logits'
  | 'bce-on-logits'
  | 'nll-on-logits-or-probabilities'
  | 'mse-for-classification'
  | 'keras-from-logits';

export interface Finding {
  rule: RuleId;
  message: string;
  /** Where to underline. */
  span: Span;
  lossId: string;
  siteId: number;
  fixes: Fix[];
}

export interface Analysis {
  imports: ImportBinding[];
  sites: LossSite[];
  invocations: Invocation[];
  userLosses: UserLoss[];
  findings: Finding[];
  /** True when the source had syntax errors or could not be read in full: results cover what parsed. */
  partial: boolean;
}

export const EMPTY_ANALYSIS: Analysis = { imports: [], sites: [], invocations: [], userLosses: [], findings: [], partial: true };
