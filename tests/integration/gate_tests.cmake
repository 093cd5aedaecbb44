# epp-gate integration tests: a private RabbitMQ node (fixture rabbitmq),
# epp-sim over TLS on loopback, epp-gate, and gate_client, a small RPC
# client on rabbitmq-c.
add_executable(gate_client ${CMAKE_CURRENT_LIST_DIR}/gate_client.c)
target_link_libraries(gate_client PRIVATE PkgConfig::RABBITMQ Threads::Threads)

if(TARGET epp-gate AND TARGET epp-sim)
	foreach(t gate_basic gate_faults gate_queue gate_safety gate_journal
		gate_prometheus gate_poll)
		if(NOT EXISTS ${CMAKE_CURRENT_LIST_DIR}/${t}.sh)
			continue()
		endif()
		add_test(NAME ${t}
			COMMAND ${CMAKE_CURRENT_LIST_DIR}/${t}.sh
				${CMAKE_CURRENT_BINARY_DIR}/${t})
		eppkit_use_rabbitmq(${t})
		set_property(TEST ${t} APPEND PROPERTY ENVIRONMENT
			"GATE=$<TARGET_FILE:epp-gate>"
			"SIM=$<TARGET_FILE:epp-sim>"
			"CLIENT=$<TARGET_FILE:gate_client>"
			"SRCDIR=${PROJECT_SOURCE_DIR}"
			"EPPRPC=$<TARGET_FILE:epp-rpc>"
			"EPPCTL=$<TARGET_FILE:eppctl>")
		set_property(TEST ${t} APPEND PROPERTY LABELS integration)
		set_tests_properties(${t} PROPERTIES TIMEOUT 600)
	endforeach()
endif()

# A three-node broker cluster of its own (scripts/rabbitmq.sh cluster):
# two gates, libepprpc clients, node losses under load.
add_executable(cluster_load ${CMAKE_CURRENT_LIST_DIR}/cluster_load.c)
target_link_libraries(cluster_load PRIVATE epprpc_static Threads::Threads)
if(TARGET epp-gate AND TARGET epp-sim)
	add_test(NAME gate_cluster
		COMMAND ${CMAKE_CURRENT_LIST_DIR}/gate_cluster.sh
			${CMAKE_CURRENT_BINARY_DIR}/gate_cluster)
	set_property(TEST gate_cluster APPEND PROPERTY ENVIRONMENT
		"GATE=$<TARGET_FILE:epp-gate>"
		"SIM=$<TARGET_FILE:epp-sim>"
		"LOAD=$<TARGET_FILE:cluster_load>"
		"EPPRPC=$<TARGET_FILE:epp-rpc>"
		"EPPKIT_RABBITMQ_SH=${EPPKIT_RABBITMQ_SH}")
	# Three broker nodes on two cores: alone, not beside other tests.
	set_tests_properties(gate_cluster PROPERTIES
		LABELS "integration;rabbitmq;cluster" TIMEOUT 600 RUN_SERIAL TRUE)
endif()
