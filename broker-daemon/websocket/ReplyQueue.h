#pragma once

#include <QByteArray>

#include <deque>
#include <optional>

namespace ddalab {

// Keeps a connection's replies in the order its requests arrived: each request reserves a
// slot, answers fill their slots in any order, and only a filled front slot leaves.
class ReplyQueue
{
public:
    using Slot = quint64;

    Slot reserve();
    void fill(Slot slot, QByteArray frame);
    // The frames that may be sent now, in order.
    std::optional<QByteArray> takeNext();
    bool isEmpty() const { return m_pending.empty(); }
    size_t size() const { return m_pending.size(); }

private:
    struct Pending
    {
        Slot slot;
        std::optional<QByteArray> frame;
    };
    std::deque<Pending> m_pending;
    Slot m_nextSlot = 0;
};

} // namespace ddalab
