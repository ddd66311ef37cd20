#pragma once

#include <QByteArray>
#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <functional>

namespace ddalab {

// Hashes and checks passwords (PasswordHasher) on a thread of their own, at a lower scheduling
// priority than the network and storage threads, so that a burst of logins never stalls
// heartbeats. At most kMaxWaiting jobs wait or run at once; beyond that a job is refused at once
// (the login is answered "busy, try again"), so a flood cannot queue without bound. Lives on
// the network thread; answers arrive there, not at all once context is gone.
class PasswordWorker : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxWaiting = 32;

    explicit PasswordWorker(QObject *parent = nullptr);
    // Waits for the jobs in hand.
    ~PasswordWorker() override;

    // False (nothing started) when kMaxWaiting jobs are in hand.
    bool verify(const QByteArray &encoded, const QByteArray &password, QObject *context,
                std::function<void(bool matches)> done);
    // The encoded hash, empty when hashing failed.
    bool hash(const QByteArray &password, QObject *context,
              std::function<void(const QByteArray &encoded)> done);

private:
    bool start(std::function<void()> job);

    QThreadPool m_pool;
    std::atomic<int> m_inHand{0};
};

} // namespace ddalab
