// DataJoint's key_hash lives with the other DataJoint codecs; core's jobs keep importing it from here.
export { dataJointKeyHash } from '@spyglass-recompute/datajoint';
