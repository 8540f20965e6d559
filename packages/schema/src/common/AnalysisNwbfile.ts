import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { analysisFileNameColumn, nwbFileNameColumn } from '../shared/keyColumns';
import { parentRef } from '../shared/parentRef';
import { Nwbfile } from './Nwbfile';

/** Spyglass `common_nwbfile.AnalysisNwbfile`: an analysis NWB file derived from a raw file. */
export const AnalysisNwbfile = defineEntity({
  name: 'AnalysisNwbfile',
  tableName: 'common__analysis_nwbfile',
  properties: {
    analysis_file_name: analysisFileNameColumn().primary(),
    analysis_file_abs_path: p.string().length(1000),
    /** FK → `Nwbfile.nwb_file_name`. */
    analysis_parent_nwb_file_name: nwbFileNameColumn(),
    analysis_file_description: p
      .string()
      .length(2000)
      .default('')
      .onCreate(() => ''),
    /** Navigation: the parent raw file. */
    parentNwbfile: () => parentRef(Nwbfile, 'analysis_parent_nwb_file_name'),
  },
});
export type AnalysisNwbfile = InferEntity<typeof AnalysisNwbfile>;
