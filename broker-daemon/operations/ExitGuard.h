#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace ddalab {

// Bounds how long the process may take to finish once its event loop has stopped. Closing the
// storage waits for the transaction in flight; when the database stopped answering, that wait
// has no end, so once the budget is spent the guard ends the process with status 1. Nothing
// acknowledged is lost that way: acks are only sent after their commit.
class ExitGuard
{
public:
    ExitGuard() = default;
    // Disarms: the process finished in time.
    ~ExitGuard();
    ExitGuard(const ExitGuard &) = delete;
    ExitGuard &operator=(const ExitGuard &) = delete;

    void arm(std::chrono::milliseconds budget);

private:
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_finished;
    bool m_disarmed = false; // guarded by m_mutex
};

} // namespace ddalab
