#include "EpollEventDispatcher.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QSocketNotifier>
#include <QTimerEvent>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

namespace ddalab {

namespace {
constexpr int kMaxEventsPerWait = 512;
}

EpollEventDispatcher::EpollEventDispatcher(QObject *parent) : QAbstractEventDispatcher(parent)
{
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_wakeFd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (m_epoll < 0 || m_wakeFd < 0)
        qFatal("EpollEventDispatcher: cannot create epoll or eventfd: %s", strerror(errno));
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = m_wakeFd;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &event);
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    close(m_wakeFd);
    close(m_epoll);
}

qint64 EpollEventDispatcher::nowMs()
{
    return QDeadlineTimer::current().deadline();
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.store(false);
    emit awake();
    QCoreApplication::sendPostedEvents();

    const bool mayWait = flags.testFlag(QEventLoop::WaitForMoreEvents) && !m_interrupted.load();
    int timeout = 0;
    if (mayWait) {
        timeout = msUntilNextTimer(nowMs());
        if (timeout != 0)
            emit aboutToBlock();
    }

    epoll_event events[kMaxEventsPerWait];
    int ready = epoll_wait(m_epoll, events, kMaxEventsPerWait, timeout);
    if (ready < 0 && errno != EINTR)
        qWarning("EpollEventDispatcher: epoll_wait failed: %s", strerror(errno));
    if (mayWait && timeout != 0)
        emit awake();

    int handled = 0;
    for (int i = 0; i < ready; ++i) {
        const int fd = events[i].data.fd;
        if (fd == m_wakeFd) {
            std::uint64_t count;
            while (read(m_wakeFd, &count, sizeof count) > 0) {
            }
            m_wakeUpPending.store(false);
            ++handled;
            continue;
        }
        if (flags.testFlag(QEventLoop::ExcludeSocketNotifiers))
            continue;
        dispatchSocketEvent(fd, events[i].events);
        ++handled;
    }
    handled += fireDueTimers();
    return handled > 0;
}

void EpollEventDispatcher::dispatchSocketEvent(int fd, quint32 events)
{
    // Each notifier is looked up afresh: handling one may disable or delete another.
    auto notifierFor = [this, fd](QSocketNotifier *Notifiers::*which) -> QSocketNotifier * {
        const auto it = m_notifiers.find(fd);
        return it == m_notifiers.end() ? nullptr : it->second.*which;
    };
    QEvent activation(QEvent::SockAct);
    if (events & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP)) {
        if (QSocketNotifier *notifier = notifierFor(&Notifiers::read))
            QCoreApplication::sendEvent(notifier, &activation);
    }
    if (events & (EPOLLOUT | EPOLLHUP | EPOLLERR)) {
        if (QSocketNotifier *notifier = notifierFor(&Notifiers::write))
            QCoreApplication::sendEvent(notifier, &activation);
    }
    if (events & EPOLLPRI) {
        if (QSocketNotifier *notifier = notifierFor(&Notifiers::exception))
            QCoreApplication::sendEvent(notifier, &activation);
    }
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const bool wasRegistered = m_notifiers.count(fd) > 0;
    Notifiers &entry = m_notifiers[fd];
    switch (notifier->type()) {
    case QSocketNotifier::Read:
        entry.read = notifier;
        break;
    case QSocketNotifier::Write:
        entry.write = notifier;
        break;
    case QSocketNotifier::Exception:
        entry.exception = notifier;
        break;
    }
    updateInterest(fd, wasRegistered);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const auto it = m_notifiers.find(fd);
    if (it == m_notifiers.end())
        return;
    Notifiers &entry = it->second;
    if (entry.read == notifier)
        entry.read = nullptr;
    if (entry.write == notifier)
        entry.write = nullptr;
    if (entry.exception == notifier)
        entry.exception = nullptr;
    updateInterest(fd, true);
}

void EpollEventDispatcher::updateInterest(int fd, bool wasRegistered)
{
    const auto it = m_notifiers.find(fd);
    const Notifiers &entry = it->second;
    epoll_event event{};
    event.data.fd = fd;
    if (entry.read)
        event.events |= EPOLLIN | EPOLLRDHUP;
    if (entry.write)
        event.events |= EPOLLOUT;
    if (entry.exception)
        event.events |= EPOLLPRI;
    if (event.events == 0) {
        m_notifiers.erase(it);
        // The descriptor may already be closed, which removed it from the set by itself.
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
        return;
    }
    if (epoll_ctl(m_epoll, wasRegistered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &event) != 0) {
        // A descriptor closed and reopened under the same number: register it anew.
        if (errno == ENOENT && epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event) == 0)
            return;
        if (errno == EEXIST && epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event) == 0)
            return;
        qWarning("EpollEventDispatcher: cannot watch descriptor %d: %s", fd, strerror(errno));
    }
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                                         QObject *object)
{
    // The deadline counts from the next whole millisecond: counted from the truncated one, a
    // timer fired up to a millisecond before its interval was over.
    const qint64 startMs = (QDeadlineTimer::current().deadlineNSecs() + 999'999) / 1'000'000;
    m_timers.insert(timerId, Timer{interval, timerType, object, startMs + interval});
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    return m_timers.remove(timerId) > 0;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    bool removed = false;
    for (auto it = m_timers.begin(); it != m_timers.end();) {
        if (it->object == object) {
            it = m_timers.erase(it);
            removed = true;
        } else {
            ++it;
        }
    }
    return removed;
}

QList<QAbstractEventDispatcher::TimerInfo>
EpollEventDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> timers;
    for (auto it = m_timers.cbegin(); it != m_timers.cend(); ++it) {
        if (it->object == object)
            timers.append(TimerInfo(it.key(), int(it->intervalMs), it->type));
    }
    return timers;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto it = m_timers.constFind(timerId);
    if (it == m_timers.cend())
        return -1;
    return int(std::max<qint64>(0, it->deadlineMs - nowMs()));
}

int EpollEventDispatcher::msUntilNextTimer(qint64 now) const
{
    qint64 soonest = -1;
    for (const Timer &timer : m_timers) {
        if (timer.firing)
            continue;
        const qint64 wait = std::max<qint64>(0, timer.deadlineMs - now);
        if (soonest < 0 || wait < soonest)
            soonest = wait;
    }
    return int(soonest);
}

int EpollEventDispatcher::fireDueTimers()
{
    const qint64 now = nowMs();
    QList<int> due;
    for (auto it = m_timers.cbegin(); it != m_timers.cend(); ++it) {
        if (!it->firing && it->deadlineMs <= now)
            due.append(it.key());
    }
    for (int timerId : std::as_const(due)) {
        auto it = m_timers.find(timerId);
        if (it == m_timers.end() || it->firing) // stopped by an earlier timer's handler
            continue;
        // The next deadline counts from this one, unless the loop fell a whole interval behind.
        it->deadlineMs += it->intervalMs;
        if (it->deadlineMs <= now)
            it->deadlineMs = now + it->intervalMs;
        it->firing = true;
        QObject *object = it->object;
        QTimerEvent event(timerId);
        QCoreApplication::sendEvent(object, &event);
        it = m_timers.find(timerId);
        if (it != m_timers.end())
            it->firing = false;
    }
    return int(due.size());
}

void EpollEventDispatcher::wakeUp()
{
    if (m_wakeUpPending.exchange(true))
        return;
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto written = write(m_wakeFd, &one, sizeof one);
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.store(true);
    wakeUp();
}

} // namespace ddalab
