#pragma once

#include <chrono>
#include <vector>

namespace kefu::load {

// The cluster test's measure of a failover: a new customer (a fresh visitor token) writes to
// whichever node of `ports` serves, skipping `frozen` (a node stopped with SIGSTOP, whose
// kernel still accepts connections), with client_id p<probe>. Returns the milliseconds from
// `fault` until its conversation is assigned (a desk routes again), or -1 after 30 s; sets
// `*serving_ms` to the milliseconds until a node first answered /healthz 200 (-1 if none).
// KEFU_CLUSTER_DEBUG=1 prints every frame the probe receives.
double ms_until_routed(const std::vector<unsigned short>& ports, unsigned short frozen,
                       std::chrono::steady_clock::time_point fault, int probe, double* serving_ms);

}  // namespace kefu::load
