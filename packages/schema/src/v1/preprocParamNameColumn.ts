import { p } from '@mikro-orm/core';

/** `preproc_param_name: varchar(200)` (v1 spelling; v0 says `preproc_params_name`). */
export const preprocParamNameColumn = () => p.string().length(200);
