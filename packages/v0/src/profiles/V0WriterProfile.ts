/**
 * What makes one spikeinterface + probeinterface stack's v0 folders what they are: the
 * `version` keys of its JSON (DirectoryHasher ignores them, detection reads them) and the
 * annotations a new probeinterface `Probe()` starts with, which land in probe.json,
 * si_folder.json and every nesting level of provenance.json (and so in the folder hash).
 * A profile is data: adding a stack is adding an entry.
 */
export interface V0WriterProfile {
  /** Registry name (`--writer-profile`, stored in the versions row). */
  name: string;
  /** One line for humans. */
  description: string;
  /** `version` of the spikeinterface JSON documents. */
  spikeinterfaceVersion: string;
  /** `version` of probe.json (what this profile writes). */
  probeinterfaceVersion: string;
  /**
   * Other probeinterface releases seen writing exactly this profile's folders but for probe.json's
   * `version` key (which DirectoryHasher ignores): their folders are detected as this profile.
   * Evidence only: a release is listed when a fixture shows its folder hashing like the profile's.
   */
  probeinterfaceVersionsAlsoMatched?: readonly string[];
  /** `Probe().annotations` of that probeinterface (0.2.17: `{"name": ""}`; 0.2.28: `{}`). */
  probeAnnotations: Readonly<Record<string, string>>;
}
