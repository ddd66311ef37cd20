#pragma once

#include "protocol/Messages.h"

#include <functional>

namespace ddalab {

// Answers one WebSocket request; may be called later (from a storage answer), at most once. The
// session that made it keeps the answer's place in its reply order.
using ReplySink = std::function<void(const protocol::Reply &)>;

} // namespace ddalab
