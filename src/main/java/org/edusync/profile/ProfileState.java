package org.edusync.profile;

/** educationSynchronizationProfileState: the life cycle of the profile resource itself. */
public enum ProfileState {
    deleting, deletionFailed, provisioningFailed, provisioned, provisioning, unknownFutureValue
}
