#include "operations/ExitGuard.h"

#include "logging/LogCategories.h"

#include <cstdlib>

namespace ddalab {

ExitGuard::~ExitGuard()
{
    {
        std::lock_guard lock(m_mutex);
        m_disarmed = true;
    }
    m_finished.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void ExitGuard::arm(std::chrono::milliseconds budget)
{
    if (m_thread.joinable())
        return;
    m_thread = std::thread([this, budget] {
        std::unique_lock lock(m_mutex);
        if (m_finished.wait_for(lock, budget, [this] { return m_disarmed; }))
            return;
        qCCritical(lcBroker) << "the database did not let go within" << budget.count()
                             << "ms of the shutdown; exiting without it (nothing acknowledged "
                                "is lost)";
        std::_Exit(1);
    });
}

} // namespace ddalab
