#include "server/net/server_state.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/json.hpp>
#include <charconv>
#include <filesystem>
#include <iostream>

#include "server/auth/secret_token.hpp"
#include "server/net/admin_routing_routes.hpp"
#include "server/net/admin_sla_routes.hpp"
#include "server/net/csat_survey.hpp"
#include "server/net/mail_service.hpp"
#include "server/net/webhook_routes.hpp"
#include "server/shop/sql_shop_link_store.hpp"

namespace kefu::net {
namespace {

DeskSettings desk_settings(const ServeSettings& s) {
  DeskSettings d;
  d.agent_grace_ms = s.agent_grace_ms;
  d.abandon_grace_ms = s.abandon_grace_ms;
  d.reopen_window_ms = s.reopen_window_ms;
  return d;
}

}  // namespace

ServerState::ServerState(boost::asio::io_context& io, ServeSettings settings, store::Store& store)
    : settings_(std::move(settings)),
      shop_link_(
          std::make_unique<shop::ShopLink>(settings_.mail_key_path(), settings_.shop_secret)),
      origins_(settings_.public_origin, settings_.allowed_origins),
      store_(store),
      desk_(boost::asio::make_strand(io)),
      desk_mailbox_(desk_),
      centre_(
          store_, clock_, [this](std::function<void()> f) { desk_mailbox_.post(std::move(f)); },
          desk_settings(settings_)),
      ticker_(desk_),
      back_office_thread_(settings_.location()),
      back_office_strand_(
          boost::asio::make_strand(back_office_thread_.executor_or(io.get_executor()))),
      back_office_(std::make_unique<BackOffice>(settings_.location(), metrics::MetricsConfig{},
                                                settings_.word_vectors)),
      workspace_(workspace::open_workspace(
          back_office_->sql(), settings_.location(),
          std::filesystem::path(settings_.database).parent_path() / "attachments")),
      kpi_timer_(back_office_strand_),
      kb_prepare_timer_(back_office_strand_),
      login_queue_(
          settings_.login_checks_per_address, settings_.login_checks_total,
          [this](std::function<void()> check) { boost::asio::post(auth_pool_, std::move(check)); }),
      limits_(settings_),
      staff_directory_(std::make_unique<admin::StaffDirectory>(settings_.location(), clock_,
                                                               password_policy_, hasher_)),
      routing_setup_store_(
          std::make_unique<admin::SqliteRoutingSetupStore>(settings_.location(), clock_)),
      routing_setup_(std::make_unique<admin::RoutingSetup>(*routing_setup_store_)),
      api_keys_(std::make_unique<integration::ApiKeyGate>(settings_.location())),
      care_(std::make_unique<CareLoop>(*this)),
      retention_(std::make_unique<RetentionLoop>(*this)),
      webhooks_(std::make_unique<webhooks::WebhookDispatcher>(
          io, settings_.location(), webhook_settings(settings_), clock_,
          [this](Event e) { log_event(std::move(e)); })),
      mail_(std::make_unique<MailService>(
          *this, MailService::Settings{settings_.location(), settings_.mail_key_path(),
                                       settings_.mail_ca_file, settings_.mail_poll_ms,
                                       settings_.mail_retry_ms})) {
  shop::SqlShopLinkStore shop_store(back_office_->sql());
  shop_link_->load(shop_store);
  origins_.follow(shop_link_.get());
}

ServerState::~ServerState() {
  back_office_thread_.stop();  // PostgreSQL: the back office's work ends before it goes
}

void ServerState::stop_mail() {
  mail_->stop();
}

void ServerState::start() {
  // The store's checkpointer copies the log (every checkpoint_pages): the back office's commits
  // must not run SQLite's automatic checkpoint on its strand meanwhile.
  if (sql::as_sqlite(back_office_->sql()))
    back_office_->sql().exec("PRAGMA wal_autocheckpoint = 0");
  segments_ = std::make_unique<CustomerSegments>(settings_.location());
  watch_desk();
  webhooks_->start();
  mail_->start();
  for (const auto& hours : routing_setup_->hours()) business_hours_.set(hours);
  const auto sla = routing_setup_->sla_policies();
  refresh_sla_book(*this, *routing_setup_);
  // The channels' reply targets reach the desk before it serves; the back office applies the
  // same policies to its figures once it has loaded them, after the desk serves.
  apply_desk_reply_targets(*this, sla);
  // Read here, before the back office strand runs: the desk needs the admin's queues before the
  // conversations that wait in them.
  boost::asio::post(desk_, [this, queues = configured_queues(*this)] {
    centre_.set_sla_clocks(&sla_book_);
    centre_.set_opening_hours([this](const std::string& team, std::int64_t at) {
      const auto next = business_hours_.calendar(team)->next_open(at);
      return next && *next == at;
    });
    for (const auto& queue : queues) {
      try {
        centre_.configure_queue(queue);
      } catch (const std::exception& failure) {
        std::cerr << "kefu: queue " << queue.name << " not loaded: " << failure.what() << "\n";
      }
    }
    centre_.load();
    schedule_tick();
  });
  boost::asio::post(back_office_strand_, [this, sla] {
    try {
      back_office_->set_sla_clocks(&sla_book_);
      back_office_->guarded([this](BackOffice& office) {
        office.start(clock_.now_ms());
        return 0;
      });
      apply_back_office_targets(*this, sla);  // the admin's targets, for every judge of time
    } catch (const std::exception& failure) {
      std::cerr << "kefu: the KPI figures could not be loaded: " << failure.what() << "\n";
    }
    schedule_kpi_feed();
  });
  care_->start();
  retention_->start();
}

void ServerState::watch_desk() {
  DeskObservers observers;
  observers.segment_of = [this](std::int64_t customer_id) {
    return segments_->segment_of(customer_id);  // routing goes on with "active" when unread
  };
  observers.assigned = [this](const store::ConversationRecord& c) {
    push_customer_view(c.customer_id);
    push_suggestions(c.id);
  };
  observers.message_stored = [this](const store::ConversationRecord& c,
                                    const store::MessageRecord&) {
    if (c.agent_id && c.status == "assigned") push_suggestions(c.id);
  };
  observers.event_stored = [this](const Event& e) { follow_quality(*this, e); };
  centre_.set_observers(std::move(observers));
}

void ServerState::learn_segment_soon(std::int64_t customer_id) {
  if (!segments_ || !segments_->worth_learning(customer_id)) return;
  boost::asio::post(back_office_strand_,
                    [this, customer_id] { segments_->learn(customer_id, back_office_->sql()); });
}

void ServerState::push_customer_view(std::int64_t customer_id) {
  boost::asio::post(back_office_strand_, [this, customer_id] {
    std::shared_ptr<boost::json::object> view;
    std::vector<std::int64_t> ids;
    try {
      view = back_office_->guarded([&](BackOffice& office) {
        ids = office.customer_ids_behind(customer_id);
        return std::make_shared<boost::json::object>(office.customer_view(customer_id));
      });
    } catch (const std::exception&) {
      return;  // erased or unknown: there is nothing to show
    }
    boost::asio::post(desk_, [this, ids, view] {
      const auto* name = view->if_contains("display_name");
      for (std::int64_t id : ids) {
        if (name && name->is_string())
          centre_.note_customer_name(id, std::string(name->as_string()));
        for (const auto& [conversation, agent] : centre_.agents_serving(id)) {
          centre_.send_to_agent(
              agent, outbound::frame_of(boost::json::object{{"type", "customer_view"},
                                                            {"conversation_id", conversation},
                                                            {"customer", *view}}));
        }
      }
    });
  });
}

void ServerState::push_suggestions(std::int64_t conversation_id) {
  {
    std::lock_guard lock(suggestions_mutex_);
    auto [it, fresh] = suggesting_.try_emplace(conversation_id, false);
    if (!fresh) {
      it->second = true;
      return;
    }
  }
  boost::asio::post(back_office_strand_, [this, conversation_id] { suggest(conversation_id); });
}

void ServerState::suggest(std::int64_t conversation_id) {
  // A KB search costs far more than relaying a message: a busy conversation is searched again
  // a second later at the earliest, once for everything its customer said meanwhile.
  auto pause =
      std::make_shared<boost::asio::steady_timer>(back_office_strand_, std::chrono::seconds(1));
  pause->async_wait([this, conversation_id, pause](boost::system::error_code ec) {
    bool again = false;
    {
      std::lock_guard lock(suggestions_mutex_);
      auto it = suggesting_.find(conversation_id);
      if (it == suggesting_.end()) return;
      again = it->second && !ec && !stopped_;
      if (again) {
        it->second = false;
      } else {
        suggesting_.erase(it);
      }
    }
    if (again) suggest(conversation_id);
  });
  std::shared_ptr<boost::json::array> articles;
  try {
    articles = back_office_->guarded([&](BackOffice& office) {
      return std::make_shared<boost::json::array>(office.kb_suggestions(conversation_id));
    });
  } catch (const std::exception& failure) {
    std::cerr << "kefu: suggestions: " << failure.what() << "\n";
    return;
  }
  boost::asio::post(desk_, [this, conversation_id, articles] {
    const auto* c = centre_.open_conversation(conversation_id);
    if (c == nullptr || !c->agent_id || c->status != "assigned") return;
    auto frame = suggestions_frame(conversation_id, *articles,
                                   kb_trail_.tried(c->customer_id, clock_.now_ms()));
    if (!frame) return;
    centre_.send_to_agent(*c->agent_id, outbound::frame_of(*frame));
    Event e;
    e.at = clock_.now_ms();
    e.type = "kb_suggested";
    e.conversation_id = conversation_id;
    e.agent_id = c->agent_id;
    e.customer_id = c->customer_id;
    boost::json::array ids;
    for (const auto& a : *articles) ids.push_back(a.at("id"));
    e.data = boost::json::serialize(boost::json::object{{"article_ids", std::move(ids)}});
    log_event(std::move(e));
  });
}

void ServerState::log_event(Event e) {
  store::WriteBatch batch;
  batch.mutations.push_back(store::AppendEvent{std::move(e)});
  store_.submit(std::move(batch), [](store::WriteResult) {});
}

void ServerState::prepare_kb_search_soon() {
  // Setting the expiry again cancels the wait of the change before.
  kb_prepare_timer_.expires_after(std::chrono::seconds(1));
  kb_prepare_timer_.async_wait([this](boost::system::error_code ec) {
    if (ec || stopped_) return;
    try {
      back_office_->guarded([](BackOffice& office) {
        office.knowledge_base().prepare_search();
        return 0;
      });
    } catch (const std::exception& failure) {
      std::cerr << "kefu: knowledge base: preparing search: " << failure.what() << "\n";
    }
  });
}

void ServerState::schedule_kpi_feed() {
  kpi_timer_.expires_after(std::chrono::seconds(1));
  kpi_timer_.async_wait([this](boost::system::error_code ec) {
    if (ec || stopped_) return;
    std::shared_ptr<boost::json::object> live;
    try {
      live = back_office_->guarded([this](BackOffice& office) {
        office.follow();
        return std::make_shared<boost::json::object>(office.live(clock_.now_ms()));
      });
    } catch (const std::exception& failure) {
      std::cerr << "kefu: KPI feed: " << failure.what() << "\n";
      schedule_kpi_feed();
      return;
    }
    boost::asio::post(desk_, [this, live] {
      boost::json::array queues;
      for (const auto& q : centre_.queue_stats()) {
        boost::json::object o{{"name", q.name},
                              {"waiting", q.waiting},
                              {"overflowed", q.overflowed},
                              {"free_agents", q.free_agents},
                              {"serving_slots", q.serving_slots},
                              {"average_handle_time_ms", q.average_handle_time_ms},
                              {"oldest_wait_ms", q.oldest_wait_ms}};
        o["next_estimate_ms"] = q.next_estimate_ms ? boost::json::value(*q.next_estimate_ms)
                                                   : boost::json::value(nullptr);
        o["estimate_mean_absolute_error_ms"] = q.accuracy.mean_absolute_error_ms;
        o["estimates_checked"] = q.accuracy.count;
        queues.push_back(std::move(o));
      }
      boost::json::object staff;  // names for the per-agent table
      if (const auto* agents = live->if_contains("agents"); agents && agents->is_object()) {
        for (const auto& entry : agents->as_object()) {
          std::int64_t id = 0;
          const auto key = std::string_view(entry.key());
          if (std::from_chars(key.data(), key.data() + key.size(), id).ec != std::errc{}) continue;
          if (auto name = centre_.staff_name(id); !name.empty()) staff[key] = name;
        }
      }
      centre_.send_to_supervisors(outbound::frame_of(
          boost::json::object{{"type", "kpi"},
                              {"live", std::move(*live)},
                              {"staff", std::move(staff)},
                              {"queues", std::move(queues)},
                              {"floor", centre_.floor()},
                              {"conversations", centre_.supervision_overview(50)}}));
    });
    schedule_kpi_feed();
  });
}

void ServerState::schedule_tick() {
  ticker_.expires_after(std::chrono::seconds(1));
  ticker_.async_wait([this](boost::system::error_code ec) {
    if (ec || stopped_) return;
    centre_.tick();
    schedule_tick();
  });
}

void ServerState::shut_down() {
  webhooks_->stop();
  boost::asio::post(desk_, [this] {
    stopped_ = true;
    ticker_.cancel();
    boost::asio::post(back_office_strand_, [this] {
      kpi_timer_.cancel();
      kb_prepare_timer_.cancel();
    });
    centre_.shut_down();
  });
  care_->stop();
  retention_->stop();
}

double ServerState::message_rate(std::uint64_t stored_total) {
  const std::int64_t now = clock_.now_ms();
  double rate = 0;
  if (rate_at_ != 0 && now > rate_at_) {
    rate = static_cast<double>(stored_total - rate_count_) * 1000.0 /
           static_cast<double>(now - rate_at_);
  }
  rate_at_ = now;
  rate_count_ = stored_total;
  return rate;
}

bool ServerState::kb_search_allowed(const std::string& visitor_id) {
  constexpr double kRate = 5, kBurst = 10;
  const std::int64_t now = clock_.now_ms();
  std::lock_guard lock(kb_rate_mutex_);
  if (kb_rate_.size() > 100000) kb_rate_.clear();
  auto [it, fresh] = kb_rate_.try_emplace(visitor_id, kBurst, now);
  auto& [tokens, at] = it->second;
  tokens = std::min(kBurst, tokens + static_cast<double>(now - at) * kRate / 1000.0);
  at = now;
  if (tokens < 1) return false;
  tokens -= 1;
  return true;
}

std::optional<StaffParty> ServerState::staff_for_session(const std::string& token) {
  if (token.empty()) return std::nullopt;
  const std::string hash = auth::token_hash(token);
  auto session = store_.find_staff_session(hash);
  if (!session || session->revoked_at || session->expires_at <= clock_.now_ms()) {
    return std::nullopt;
  }
  auto user = store_.find_user(session->user_id);
  if (!user) return std::nullopt;
  return StaffParty{std::move(*user), hash, session->expires_at};
}

std::optional<CustomerParty> ServerState::customer_for_token(const std::string& token) {
  if (token.empty()) return std::nullopt;
  auto visitor = store_.find_visitor(auth::token_hash(token));
  if (!visitor) return std::nullopt;
  learn_segment_soon(visitor->customer_id);
  return CustomerParty{visitor->customer_id, visitor->visitor_id};
}

}  // namespace kefu::net
