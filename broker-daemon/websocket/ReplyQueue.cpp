#include "websocket/ReplyQueue.h"

namespace ddalab {

ReplyQueue::Slot ReplyQueue::reserve()
{
    const Slot slot = m_nextSlot++;
    m_pending.push_back({slot, std::nullopt});
    return slot;
}

void ReplyQueue::fill(Slot slot, QByteArray frame)
{
    if (m_pending.empty() || slot < m_pending.front().slot)
        return;
    // Slots are consecutive, so the slot's place is its distance from the front.
    const size_t index = slot - m_pending.front().slot;
    if (index < m_pending.size())
        m_pending[index].frame = std::move(frame);
}

std::optional<QByteArray> ReplyQueue::takeNext()
{
    if (m_pending.empty() || !m_pending.front().frame)
        return std::nullopt;
    QByteArray frame = std::move(*m_pending.front().frame);
    m_pending.pop_front();
    return frame;
}

} // namespace ddalab
